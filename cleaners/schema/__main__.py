import json

from cleaners.schema import generate_article_schema

print(json.dumps(generate_article_schema(), indent=2, ensure_ascii=False))
