import Foundation
public enum GitFixturesPlaceholder {}
