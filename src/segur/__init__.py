"""segur : le référencement Ségur sans financement (SONS) tenu comme un dépôt GitOps."""

__version__ = "0.1.0"
