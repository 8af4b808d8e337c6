"""Services every front end calls: the CLI, the API and the pages ask the same function the
same question (settle.services.assessment: what one person can get in a city)."""
