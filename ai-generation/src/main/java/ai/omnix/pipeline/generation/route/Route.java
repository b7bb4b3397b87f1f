package ai.omnix.pipeline.generation.route;

import ai.omnix.pipeline.generation.catalog.CatalogModel;

/** One way to serve a request: a model on one provider endpoint, at a price. */
public record Route(CatalogModel model, CatalogModel.Endpoint endpoint, long credits) {
  public String provider() {
    return endpoint.provider();
  }

  public String key() {
    return endpoint.key();
  }
}
