"""Example newsdesk plug-ins: the ``lead-lines`` writer and the ``/outlets`` page."""
