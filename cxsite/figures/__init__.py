"""Figure builders: plotly figures as plain JSON-ready dicts, for the site and the wall."""
