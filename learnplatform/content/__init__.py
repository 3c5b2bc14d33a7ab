"""Course content as reviewed files: typed schema, loader and validator. Imports no Flask."""
