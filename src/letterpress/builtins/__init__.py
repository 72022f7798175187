"""letterpress's own plugins, registered like any other (see plugins.BUILTIN_PLUGINS)."""
