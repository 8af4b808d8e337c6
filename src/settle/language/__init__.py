"""The rule language: bilingual text, citations, facts, parameters, conditions and rule
nodes. It imports nothing else of Settle; packs and the engines build on it."""
