"""The Spark side of the log pipeline: curate the `logs` topic into the lake, check the result."""
