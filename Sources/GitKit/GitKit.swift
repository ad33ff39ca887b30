public enum GitKitPlaceholder {}
