///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.apache.camel:camel-bom:${camel.jbang.version:4.17.0}@pom
//DEPS org.apache.camel:camel-jbang-core:${camel.jbang.version:4.17.0}
//DEPS org.apache.camel:camel-kamelet-main:${camel.jbang.version:4.17.0}

// What `jbang camel@apache/camel` runs, for CamelJBangTest: the entry point of Camel's JBang catalogue has these
// dependencies and this main (its catalogue lives on GitHub, which the test machine cannot reach).
public class CamelJBang {
    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
