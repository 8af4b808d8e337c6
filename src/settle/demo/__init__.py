"""The demo city: registered migrants, an account for every role and one open round, built
from the numbers and names in `city.yaml` (settle.demo.config) by settle.demo.city."""
