"""Signals other apps listen to, so that inmates never imports them."""

from django.dispatch import Signal

# Sent inside the transaction when an inmate leaves his facility (released or transferred),
# with ``actor``, ``inmate``, ``reason`` (``Inmate.Status.RELEASED`` or ``TRANSFERRED``) and
# ``note``.
# Receivers return how many things they ended because of it.
inmate_departed = Signal()
