"""Everything rendered for people: public model, site, documents, e-mail, reports."""
