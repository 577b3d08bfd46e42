package dev.attune.streams.query;

import java.util.List;

/**
 * One instance of the app as the cluster metadata sees it.
 *
 * @param host              host of its {@code application.server}
 * @param port              port of its {@code application.server}
 * @param self              whether it is the instance answering
 * @param activePartitions  "topic-partition" of every active task input it hosts
 * @param standbyPartitions the same for its standby tasks
 * @param stores            stores of its active tasks
 * @param standbyStores     stores of its standby tasks
 */
public record InstanceInfo(String host, int port, boolean self, List<String> activePartitions,
                           List<String> standbyPartitions, List<String> stores, List<String> standbyStores) {
}
