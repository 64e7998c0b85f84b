"""The model phase: typed summaries computed from the dataset's aggregates.

Each module here turns small aggregates into the values the pages and data
files show; nothing in this package reads raw rows beyond the functions the
data phase will take over, and nothing here knows about HTML.
"""
