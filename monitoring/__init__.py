"""Metrics (a leaf module) and the Prometheus and Grafana configuration."""
