from fixtures import lake, services, spark  # noqa: F401  (pytest fixtures)
