/// The OpenAPI 3 document of `jobsift serve`, served at `/openapi.json`. It lives here, in the
/// binary, so that an installed server serves it without a file beside it; `ServeTests` checks that
/// it names every route the server answers.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "jobsift",
    "version": "0.19.0",
    "description": "What job postings are: the AI/ML role each is for, its seniority and the skills it demands. Served by `jobsift serve`; every answer for a posting is what `jobsift classify|skills|extract --json` prints for it."
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ],
  "paths": {
    "/v1/classify": {
      "post": {
        "summary": "Role, seniority and skills of a posting",
        "description": "The role with its calibrated probability, runners-up, evidence, seniority and the skills demanded.",
        "parameters": [
          {
            "$ref": "#/components/parameters/evidence"
          },
          {
            "$ref": "#/components/parameters/source"
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/Posting"
        },
        "responses": {
          "200": {
            "description": "The command line's `--json` output for the input, byte for byte: an array with one element per posting the input holds. For a batch, JSON Lines: one compact element per posting, or a BatchFailure per input line that failed.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/PostingAnalysis"
                  }
                }
              },
              "application/x-ndjson": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "405": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          },
          "502": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          },
          "504": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/skills": {
      "post": {
        "summary": "The skills a posting names, with where and how",
        "description": "Each skill with its demand (required, preferred, not-demanded) and every mention.",
        "parameters": [
          {
            "$ref": "#/components/parameters/evidence"
          },
          {
            "$ref": "#/components/parameters/source"
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/Posting"
        },
        "responses": {
          "200": {
            "description": "The command line's `--json` output for the input, byte for byte: an array with one element per posting the input holds. For a batch, JSON Lines: one compact element per posting, or a BatchFailure per input line that failed.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/PostingSkills"
                  }
                }
              },
              "application/x-ndjson": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "405": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          },
          "502": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          },
          "504": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/extract": {
      "post": {
        "summary": "The posting as read: fields and text",
        "description": "Title, company, location, dates, salary, workplace and the main text, with where each came from; postings without content are included.",
        "parameters": [
          {
            "$ref": "#/components/parameters/evidence"
          },
          {
            "$ref": "#/components/parameters/source"
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/Posting"
        },
        "responses": {
          "200": {
            "description": "The command line's `--json` output for the input, byte for byte: an array with one element per posting the input holds. For a batch, JSON Lines: one compact element per posting, or a BatchFailure per input line that failed.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Posting"
                  }
                }
              },
              "application/x-ndjson": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "405": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          },
          "502": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          },
          "504": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/taxonomy": {
      "get": {
        "summary": "The roles, seniority levels and skills",
        "responses": {
          "200": {
            "description": "What `jobsift taxonomy --json` prints.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Taxonomy"
                }
              }
            }
          }
        }
      }
    },
    "/healthz": {
      "get": {
        "summary": "Liveness, with the version and the fingerprints of the model and taxonomy",
        "responses": {
          "200": {
            "description": "The server is up.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics",
        "responses": {
          "200": {
            "description": "Requests by route and status, latency histograms, answers, requests in flight.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "responses": {
          "200": {
            "description": "The OpenAPI 3 document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "responses": {
      "Error": {
        "description": "What went wrong, and what to do.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string",
                "description": "One of: empty_body, invalid_json, invalid_parameter, refused_url, not_found, method_not_allowed, body_too_large, batch_too_large, unreadable_input, no_content, fetch_failed, fetch_timeout, busy, internal."
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "URLRequest": {
        "type": "object",
        "required": [
          "url"
        ],
        "additionalProperties": false,
        "properties": {
          "url": {
            "type": "string",
            "format": "uri",
            "description": "An http(s) URL, fetched with the command line's limits and refusals."
          }
        }
      },
      "BatchDocument": {
        "type": "object",
        "properties": {
          "html": {
            "type": "string"
          },
          "text": {
            "type": "string"
          },
          "markdown": {
            "type": "string"
          },
          "source": {
            "type": "string"
          }
        }
      },
      "BatchFailure": {
        "type": "object",
        "required": [
          "line",
          "error"
        ],
        "properties": {
          "line": {
            "type": "integer"
          },
          "error": {
            "$ref": "#/components/schemas/Error/properties/error"
          }
        }
      },
      "PostingAnalysis": {
        "type": "object",
        "required": [
          "source",
          "role",
          "seniority",
          "skills"
        ],
        "properties": {
          "source": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "company": {
            "type": "string"
          },
          "datePosted": {
            "type": "string"
          },
          "role": {
            "type": "object",
            "description": "role, roleName, probability, uncertain, secondRole, alternatives, evidence, titleRole."
          },
          "seniority": {
            "type": "object"
          },
          "skills": {
            "type": "array",
            "items": {
              "type": "object"
            }
          }
        }
      },
      "PostingSkills": {
        "type": "object",
        "required": [
          "source",
          "skills"
        ],
        "properties": {
          "source": {
            "type": "string"
          },
          "skills": {
            "type": "array",
            "items": {
              "type": "object"
            }
          }
        }
      },
      "Posting": {
        "type": "object",
        "required": [
          "id",
          "source",
          "text",
          "status"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "source": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "text": {
            "type": "string"
          },
          "status": {
            "type": "string"
          }
        }
      },
      "Taxonomy": {
        "type": "object",
        "required": [
          "roles",
          "levels",
          "skills"
        ],
        "properties": {
          "roles": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "levels": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "skills": {
            "type": "array",
            "items": {
              "type": "object"
            }
          }
        }
      },
      "Health": {
        "type": "object",
        "required": [
          "status",
          "version",
          "model",
          "taxonomy"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok"
            ]
          },
          "version": {
            "type": "string"
          },
          "model": {
            "type": "string"
          },
          "taxonomy": {
            "type": "string"
          }
        }
      }
    },
    "parameters": {
      "evidence": {
        "name": "evidence",
        "in": "query",
        "required": false,
        "description": "Evidence terms per role (classify only), 0 to 1000; default 8.",
        "schema": {
          "type": "integer",
          "minimum": 0,
          "maximum": 1000,
          "default": 8
        }
      },
      "source": {
        "name": "source",
        "in": "query",
        "required": false,
        "description": "The name the answer gives the posting (its `source`); default `-`, as the command line names standard input.",
        "schema": {
          "type": "string",
          "default": "-"
        }
      }
    },
    "requestBodies": {
      "Posting": {
        "required": true,
        "content": {
          "text/html": {
            "schema": {
              "type": "string"
            }
          },
          "text/plain": {
            "schema": {
              "type": "string"
            }
          },
          "text/markdown": {
            "schema": {
              "type": "string"
            }
          },
          "application/json": {
            "schema": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/URLRequest"
                },
                {
                  "type": "object",
                  "description": "A schema.org JobPosting (JSON-LD) or a posting object with title and text fields."
                }
              ]
            }
          },
          "application/x-ndjson": {
            "schema": {
              "type": "string",
              "description": "A batch: one input per line, each a URLRequest, a BatchDocument or a posting object."
            }
          }
        }
      }
    }
  }
}
"""#
}
