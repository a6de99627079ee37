"""Signals the apps above listen to, so that programs never imports them."""

from django.dispatch import Signal

# Sent inside the transaction before a closed cohort reopens, with ``cohort``. A receiver
# that must keep it closed raises ValidationError with the reason, and nothing changes.
cohort_reopening = Signal()
