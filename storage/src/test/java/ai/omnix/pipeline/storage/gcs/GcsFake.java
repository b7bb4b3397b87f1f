package ai.omnix.pipeline.storage.gcs;

import com.google.api.services.storage.model.StorageObject;
import com.google.cloud.Tuple;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.google.cloud.storage.spi.v1.StorageRpc;
import com.google.cloud.storage.spi.v1.StorageRpc.Option;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * google-cloud-nio's in-memory fake ({@link LocalStorageHelper#getOptions()}), with GCS's listing
 * order: GCS lists in name order, the fake in hash order (and cut to the page size before any
 * order). Every other call goes to the fake unchanged. The fake's class is not public, hence a
 * dynamic proxy.
 */
final class GcsFake implements InvocationHandler {
  private final StorageRpc fake;

  private GcsFake(StorageRpc fake) {
    this.fake = fake;
  }

  /** A client of the (reset, empty) fake; every bucket exists implicitly. */
  static Storage newStorage() {
    StorageOptions options = LocalStorageHelper.getOptions();
    StorageRpc fake = (StorageRpc) new LocalStorageHelper.FakeStorageRpcFactory().create(options);
    StorageRpc corrected =
        (StorageRpc)
            Proxy.newProxyInstance(
                GcsFake.class.getClassLoader(),
                new Class<?>[] {StorageRpc.class},
                new GcsFake(fake));
    return options.toBuilder().setServiceRpcFactory(o -> corrected).build().getService();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("list") && args.length == 2 && args[0] instanceof String bucket) {
      return list(bucket, (Map<?, ?>) args[1]);
    }
    try {
      return method.invoke(fake, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Tuple<String, Iterable<StorageObject>> list(String bucket, Map<?, ?> options) {
    Map<Option, Object> withoutPageSize = new HashMap<>();
    options.forEach((k, v) -> withoutPageSize.put((Option) k, v));
    withoutPageSize.remove(Option.MAX_RESULTS);
    List<StorageObject> all = new ArrayList<>();
    fake.list(bucket, withoutPageSize).y().forEach(all::add);
    all.sort(Comparator.comparing(StorageObject::getName));
    return Tuple.of(null, all);
  }
}
