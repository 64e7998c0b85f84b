"""Page views: what each page and wall screen shows, shaped from the site model."""
