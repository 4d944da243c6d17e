"""Field logging from a phone (#20): entries queued on disk, coalesced into the sheet in batches.

    entry.py    one entry from the phone: validated into plain data (errors name the key)
    queue.py    the on-disk queue (sqlite, WAL): idempotency keys, assigned IDs, landed or waiting
    turf.py     what an organizer may see: their people, worksites and follow-ups (the one follow-up rule)
    rows.py     entries -> new Conversations and People rows, IDs assigned by Turfbook (pure)
"""
