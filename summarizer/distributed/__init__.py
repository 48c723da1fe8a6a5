"""Distribution of the batch command beyond one process (Ray Data). The library never imports it."""
