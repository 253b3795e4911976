{
  "targets": [
    {
      "target_name": "memory_trim",
      "sources": ["memory_trim.c"]
    }
  ]
}
