"""Face pipeline (Qt-free): tracking, quality gates, active liveness, 1:1 match."""
