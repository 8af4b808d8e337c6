"""Policy packs: load, validate, version and cite the rules of one city and period."""

from settle.packs.catalogue import PackCatalogue, default_catalogue
from settle.packs.errors import PackError, PackProblem
from settle.packs.loader import load_pack
from settle.packs.pack import Pack

__all__ = ["Pack", "PackCatalogue", "PackError", "PackProblem", "default_catalogue", "load_pack"]
