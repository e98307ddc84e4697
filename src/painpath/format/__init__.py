"""The painpath file format, version 1: typed models and a loader that never raises."""
