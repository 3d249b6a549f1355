"""Document formats that scraping pipelines store text in: JSON Lines and HTML."""
