"""Detail and help screens pushed over the dashboard; Esc pops them."""
