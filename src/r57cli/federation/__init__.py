"""The national synthesis over many plan repositories (r57 report --federation): fetch each
member into a bare mirror, read its plan at the fetched commit, build its report with the
same engine as a single plan, and merge them with the members as the top level."""
