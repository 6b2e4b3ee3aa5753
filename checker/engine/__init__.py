"""The engine: rules evaluated column-wise over the plan frames."""
