"""`brief follow`: feeds followed into a store, each new story briefed once, an Atom feed and a digest out.

store.py (the Store interface, SQLiteStore), schema.py (file checks, migrations), lock.py (one writer),
poll.py (one poll), politeness.py (how long to leave a feed alone), match.py (the digest's near-duplicate
test against the store), adapter.py (the one place items are briefed), atom.py (Atom and digest out),
command.py (the command), app_tab.py (the app's Following tab and /feed.atom).
"""
