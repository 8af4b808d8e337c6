"""The rule kinds: one module each (schema, evaluation, compilation, words, strategy).

Every module here except `base` defines one subclass of NodeBase with a `kind:` literal;
`settle.language.nodes` gathers them into the `Node` union. Adding a kind is adding a
module (see docs/rule-language.md)."""
