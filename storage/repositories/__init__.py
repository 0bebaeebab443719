"""The domain's repository ports, implemented on the tortoise models; one module per aggregate."""
