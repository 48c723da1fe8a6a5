"""The web tests' fixtures: the local news site on 127.0.0.1 and a Config for it. They live in
tests/web_site.py beside the site's pages and feeds, which the app's tests use too."""
from tests.web_site import raw_site, site, site_server, web_config  # noqa: F401  (fixtures, found by name)
