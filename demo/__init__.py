"""Demo and load-test data for development: installed only with DEBUG or DEMO_APP on."""
