"""The webshop: the catalogue (later the cart and checkout)."""
