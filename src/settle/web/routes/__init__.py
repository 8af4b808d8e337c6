"""Page routes: public, account, staff."""
