import GitKit
import VEPCore
