"""The collector pause now lives in service/gcpause.py (schema reads use it too); kept for jobs' imports."""

from turfbook.gcpause import gc_paused

__all__ = ["gc_paused"]
