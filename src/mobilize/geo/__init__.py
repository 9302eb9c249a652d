"""Geography: countries and territories (ISO 3166, M49, reporting region, regional office, Global
South flag) and duty stations. Reference data; it knows nothing of people or assignments."""
