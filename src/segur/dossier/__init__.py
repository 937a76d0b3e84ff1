"""One candidature: its typed context, administrative and proof evaluation, status."""
