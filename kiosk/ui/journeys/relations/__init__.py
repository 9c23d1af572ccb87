"""企业授权管理 with 同步数据 (R-RE-8): its screen and its driver wiring."""
