"""pandera polars models, one per incoming frame, named for their domain."""
