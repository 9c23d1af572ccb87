"""人员权限管理: the enterprise's people (R-RE-4, R-RE-5, R-RE-7)."""
