"""Every check of a plan, collected and never fail-fast: the engine (`validate`,
`validate_change`), the per-file checks (YAML, schema, task, registry), the cross-file
checks, and the per-file and summary validation caches.

May import: r57cli.plan and below.
"""
