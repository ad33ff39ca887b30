import CCmarkGFM
import Yams
public enum VEPCorePlaceholder {}
