"""The controller's details (seed S1, S5, S6): name, business ID, address, customer service
and the person responsible for register matters."""
