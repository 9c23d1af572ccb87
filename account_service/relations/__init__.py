"""人企关联 managed from both sides (R-RE-4..7, R-HA-2): the person's 企业授权管理, the
enterprise's 人员权限管理 and the hall counter, over ``enterprises.management``."""
