"""One module per command: parse options, call the core, choose the exit code."""
