///usr/bin/env jbang "$0" "$@" ; exit $?

// Pinned copy of Camel's own JBang launcher (apache/camel
// dsl/camel-jbang/camel-jbang-main/dist/CamelJBang.java), so `../camel` does not
// need the GitHub-hosted catalog alias camel@apache/camel.
// Kamelets catalog: 4.17.0 is not served on Maven Central, 4.16.0 is.

//JAVA 17+
// A bounded heap keeps the gateway's footprint predictable (bench/RESULTS.md: peak RSS); small
// thread stacks because every open stream holds a thread.
//JAVA_OPTIONS -Xmx256m -Xss512k
//DEPS org.apache.camel:camel-bom:4.17.0@pom
//DEPS org.apache.camel:camel-jbang-core:4.17.0
//DEPS org.apache.camel.kamelets:camel-kamelets:4.16.0

package main;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

public class CamelJBang {

    public static void main(String... args) {
        CamelJBangMain.run(args);
    }
}
