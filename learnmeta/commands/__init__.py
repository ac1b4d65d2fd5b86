"""The command-line subcommands for content: validate, schema, list."""
