"""The dashboard's panels; each gets a Snapshot and renders it, never querying."""
